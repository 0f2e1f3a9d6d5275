// Int and e2e tests talk to real servers and start processes: on a busy 2-core machine (CI beside
// other work) a database setup alone can pass Jest's default 5 s. Tests that need longer still set
// their own (jest.setTimeout in the file, or a per-test timeout).
jest.setTimeout(30_000);
