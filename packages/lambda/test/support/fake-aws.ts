import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';

/** One fake-aws for the file (127.0.0.1, a free port), reset before each test and closed after all. */
export function useFakeAws(seed: number): () => FakeAwsServer {
  let server: FakeAwsServer | undefined;
  beforeAll(async () => {
    server = await startFakeAws({ seed });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => server?.reset());
  return () => {
    if (server === undefined) throw new Error('fake-aws is not running');
    return server;
  };
}
