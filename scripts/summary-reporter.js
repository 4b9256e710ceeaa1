'use strict';
// Mocha's spec reporter, plus the closing line CI reads: "N passed, N failed".
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      // Printed after the spec reporter's epilogue so it is the last line.
      process.nextTick(() => console.log(`${s.passes} passed, ${s.failures} failed` + (s.pending ? `, ${s.pending} skipped` : '')));
    });
  }
}
module.exports = SummaryReporter;
