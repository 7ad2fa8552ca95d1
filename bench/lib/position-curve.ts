/**
 * The position effect a bias tower learnt, next to the one the simulator applied: per device,
 * the tower's logit at position p minus its logit at position 1, against ln propensity =
 * −η_d ln p (docs/simulator.md). Clicks are examination × relevance, so for small click rates
 * the logit of a click is about ln propensity + logit p_click, and a tower that isolates the
 * position effect should land near −η_d ln p.
 */
import type { BiasTowerCurve } from '../../src/model/fold-bias.js';
import { DEVICES } from '../../src/sim/params.js';

/** One device's learnt and true curve over positions 1..slate. */
export interface DeviceCurve {
  device: string;
  /** Tower logit at position p minus at position 1, p = 1..slate. */
  learnt: number[];
  /** −η ln p, p = 1..slate. */
  truth: number[];
  /** Least-squares η of the learnt curve: the slope of −learnt on ln p through the origin. */
  learntEta: number;
  trueEta: number;
}

/** Learnt against true position curves of one head, for the devices the simulator knows. */
export function positionCurves(
  curve: BiasTowerCurve,
  head: string,
  eta: readonly number[],
  slate: number,
): DeviceCurve[] {
  const logits = curve.heads.find((h) => h.name === head)?.logits;
  if (!logits) return [];
  return DEVICES.flatMap((device, d) => {
    const column = curve.devices.indexOf(device);
    if (column < 0) return [];
    const at = (p: number) => logits[p]?.[column] ?? Number.NaN;
    const positions = Array.from({ length: slate }, (_, k) => k + 1);
    const learnt = positions.map((p) => at(p) - at(1));
    const trueEta = eta[d] ?? 1;
    let num = 0;
    let den = 0;
    positions.forEach((p, k) => {
      num += -learnt[k]! * Math.log(p);
      den += Math.log(p) ** 2;
    });
    return [
      {
        device,
        learnt,
        truth: positions.map((p) => -trueEta * Math.log(p)),
        learntEta: num / den,
        trueEta,
      },
    ];
  });
}

/** Rows for printing: position, then learnt / true per device, then the fitted η. */
export function positionCurveTable(curves: DeviceCurve[]): string[][] {
  const header = ['position', ...curves.map((c) => `${c.device} learnt / true`)];
  const slate = curves[0]?.learnt.length ?? 0;
  const rows = Array.from({ length: slate }, (_, k) => [
    `${k + 1}`,
    ...curves.map((c) => `${c.learnt[k]!.toFixed(2)} / ${c.truth[k]!.toFixed(2)}`),
  ]);
  const eta = ['η', ...curves.map((c) => `${c.learntEta.toFixed(2)} / ${c.trueEta.toFixed(2)}`)];
  return [header, ...rows, eta];
}
