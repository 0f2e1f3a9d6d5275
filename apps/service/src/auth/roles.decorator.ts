import { SetMetadata } from '@nestjs/common';
import type { Role } from './api-tokens';

export const ROLE_KEY = 'vt:role';
/** The role a route needs (`admin` may do everything). */
export const RequiresRole = (role: Role) => SetMetadata(ROLE_KEY, role);
