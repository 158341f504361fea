/** The demo's calls: a realistic call every few seconds, cycling through the scenarios and agents. */
import type { KazooSimulator, ScenarioName } from './kazoo/index.ts';

const DEMO_SCENARIOS: readonly ScenarioName[] = [
  'inbound-user',
  'inbound-ring-group',
  'outbound-answered',
  'inbound-voicemail',
  'inbound-user',
  'internal',
  'inbound-caller-hangup',
  'outbound-busy',
  'pickup',
  'blind-transfer',
  'outbound-no-answer'
];

export function startDemoTraffic(sim: KazooSimulator, everyMs: number): { stop(): void } {
  let turn = 0;
  const playNext = () => {
    const scenario = DEMO_SCENARIOS[turn % DEMO_SCENARIOS.length] as ScenarioName;
    const agent = sim.directory.users[turn % sim.directory.users.length];
    turn++;
    void sim.play(scenario, { agentId: agent?.id, ringSeconds: 6, talkSeconds: 8 + (turn % 3) * 6, timeScale: 1 });
  };
  // The first call comes soon after start, so a newcomer sees one without waiting a full interval.
  const first = setTimeout(playNext, Math.min(3_000, everyMs));
  const timer = setInterval(playNext, everyMs);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    }
  };
}
