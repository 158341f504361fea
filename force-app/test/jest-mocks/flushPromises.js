// Lets pending promise callbacks (mock answers, re-renders) run before a test asserts.
export async function flushPromises(rounds = 5) {
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
