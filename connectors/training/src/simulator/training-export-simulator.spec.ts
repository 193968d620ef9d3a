import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rejection } from '@hub/testing';
import { TrainingCompletionsFileSource } from '../source/training-completions.source';
import { TRAINING_SOURCE } from '../training.manifest';
import { sampleCompletions } from '../testing/samples';
import { TrainingExportSimulator } from './training-export-simulator';

describe('TrainingExportSimulator', () => {
  let dir: string;
  const sim = () => new TrainingExportSimulator(() => new Date('2026-11-19T17:30:00Z'));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'training-export-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("drops the day's export under its own name, with no temporary file left, readable by the file source", async () => {
    const s = sim();
    const path = await s.export(join(dir, 'inbox'), 'fen', sampleCompletions());

    expect(path).toBe(join(dir, 'inbox', 'COMPLETIONS_FEN_20261119.csv'));
    expect(readdirSync(join(dir, 'inbox'))).toEqual(['COMPLETIONS_FEN_20261119.csv']);
    const content = readFileSync(path, 'utf8');
    const parsed = new TrainingCompletionsFileSource().parseFile(content, { tenant: 'fen', source: TRAINING_SOURCE, fileName: 'COMPLETIONS_FEN_20261119.csv', fileHash: createHash('sha256').update(content).digest('hex') });
    expect(parsed.records.filter((r) => 'events' in r)).toHaveLength(3);
    expect(s.snapshot()).toEqual({ exported: [{ path, force: 'FEN', completions: 3 }] });
  });

  it('refuses a second export of the same force and day, and leaves the first as it was', async () => {
    const s = sim();
    const path = await s.export(dir, 'fen', sampleCompletions());
    const err = await rejection(s.export(dir, 'fen', []));
    expect(err.message).toContain('COMPLETIONS_FEN_20261119.csv is already exported');
    expect(readFileSync(path, 'utf8')).toContain('FEN-TRN-2026-118204');
    expect(await s.export(dir, 'fen', [], { on: new Date('2026-11-20T08:00:00Z') })).toBe(join(dir, 'COMPLETIONS_FEN_20261120.csv'));
  });

  it('writes a wrong trailer count when told to (fault knob)', async () => {
    const path = await sim().export(dir, 'moor', sampleCompletions('moor'), { recordCount: 7 });
    expect(readFileSync(path, 'utf8').trim().split('\n').at(-1)).toBe('TRAILER,7');
  });
});
