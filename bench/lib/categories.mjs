// The catalogue's own category lists (libs/events, built), so the synthetic events of both
// generators stay valid when the catalogue changes.
import { dist } from './built.mjs';

export const {
  BEROEPSMATIGE_GROEPEN: BEROEPSMATIG,
  PARTICULIERE_GROEPEN: PARTICULIER,
  AARDEN,
  CONCLUSIES,
  DIENSTEN,
  PRIORITEITEN,
  PARTIJEN,
} = dist('libs/events/src/enumerations.js');
