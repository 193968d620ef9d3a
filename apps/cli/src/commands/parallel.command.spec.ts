import { describeReport, ReportAnswer } from './parallel.command';

const side = (target: string, outcome: string, state: string, error?: { code: string; status?: number; field?: string }) => ({ target, outcome, state, ...(error ? { error } : {}) });
const report: ReportAnswer = {
  tenant: 'fen', domain: 'hr', from: '2026-11-23', to: '2026-11-23', compared: 5, agreed: 2, disagreed: 3,
  byReason: { outcome: 1, pending: 1, fields: 1 },
  byField: [{ path: '/data/employment/fte', count: 1 }],
  byDay: [{ day: '2026-11-23', compared: 5, agreed: 2, disagreed: 3 }],
  pairs: [{ primary: 'payroll-fen', shadow: 'cloud-erp-fen', compared: 5, agreed: 2, disagreed: 3 }],
  onlyOneSide: { primary: [{ path: '/tenant', count: 5 }], shadow: [] },
  fieldsNotCompared: [],
  examples: {
    outcome: [{ eventId: 'evt-sc', subject: 'FEN-S1', type: 'hr.employee.joined.v1', reasons: ['outcome'], primary: side('payroll-fen', 'acknowledged', 'delivered'), shadow: side('cloud-erp-fen', 'rejected', 'dead-lettered', { code: 'target-rejected', status: 422, field: '/data/employment/grade' }) }],
    pending: [{ eventId: 'evt-down', subject: 'FEN-2', type: 'hr.employee.joined.v1', reasons: ['pending'], primary: side('payroll-fen', 'acknowledged', 'delivered'), shadow: side('cloud-erp-fen', 'pending', 'retrying', { code: 'target-unreachable' }) }],
    fields: [{ eventId: 'evt-fte', subject: 'FEN-3', type: 'hr.employee.joined.v1', reasons: ['fields'], primary: side('payroll-fen', 'acknowledged', 'delivered'), shadow: side('cloud-erp-fen', 'acknowledged', 'delivered'), field: { path: '/data/employment/fte', primary: 0.8333, shadow: 0.83 } }],
  },
  masked: true,
};

describe('describeReport', () => {
  const text = describeReport(report);

  it('puts the numbers first: compared, agreed with the agreement, disagreed', () => {
    expect(text.split('\n').slice(0, 2)).toEqual(['Parallel run fen/hr, 2026-11-23 (UTC)', 'compared 5, agreed 2 (40.0%), disagreed 3']);
  });

  it('tables the reasons with what each means, the fields, the pairs and the examples', () => {
    expect(text).toMatch(/^outcome\s+1\s+one refused the event, the other acknowledged it$/m);
    expect(text).toMatch(/^pending\s+1\s+one had not answered by the deadline$/m);
    expect(text).toMatch(/^\/data\/employment\/fte\s+1$/m);
    expect(text).toMatch(/^payroll-fen\s+cloud-erp-fen\s+5\s+2\s+3\s+40\.0%$/m);
    expect(text).toMatch(/^outcome\s+evt-sc\s+FEN-S1\s+payroll-fen: acknowledged\s+cloud-erp-fen: rejected \(dead-lettered, target-rejected 422 \/data\/employment\/grade\)$/m);
    expect(text).toMatch(/^pending\s+evt-down\s+FEN-2\s+payroll-fen: acknowledged\s+cloud-erp-fen: pending \(retrying, target-unreachable\)$/m);
    expect(text).toMatch(/^\/data\/employment\/fte\s+evt-fte\s+FEN-3\s+0\.8333\s+0\.83$/m);
    expect(text).toContain('examples: fields (personal values masked)');
    expect(text).toMatch(/^primary\s+\/tenant\s+5$/m);
  });

  it('adds a line per day only for a range', () => {
    expect(text).not.toContain('per day');
    expect(describeReport({ ...report, to: '2026-11-24', byDay: [...report.byDay, { day: '2026-11-24', compared: 0, agreed: 0, disagreed: 0 }] })).toMatch(/^2026-11-24\s+0\s+0\s+0\s+–$/m);
  });
});
