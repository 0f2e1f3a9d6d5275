import { seedYearsFor } from './seed-types';

describe('seedYearsFor', () => {
  it('adds the earlier years of the era', () => {
    expect(seedYearsFor('VTIJ', [2024])).toEqual([2022, 2023, 2024]);
    expect(seedYearsFor('VTIJ', [2015, 2019])).toEqual([2014, 2015, 2019]);
    expect(seedYearsFor('VTNOG', [2025])).toEqual([2022, 2023, 2024, 2025]);
    expect(seedYearsFor('VTNOG', [2019])).toEqual([]);
  });
});
