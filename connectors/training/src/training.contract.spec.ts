import { describeSourceContract } from '@hub/testing';
import { completionsCsv } from './source/completions-csv';
import { TrainingCompletionsFileSource } from './source/training-completions.source';
import { sampleCompletions } from './testing/samples';

const rows = sampleCompletions('FEN');

describeSourceContract({
  connector: new TrainingCompletionsFileSource(),
  tenant: 'fen',
  samples: [
    { name: "a day's completions", input: completionsCsv(rows), fileName: 'COMPLETIONS_FEN_20261119.csv' },
    { name: 'a single attended course', input: completionsCsv([rows[2]]), fileName: 'COMPLETIONS_FEN_20261120.csv' },
  ],
  badInputs: [
    { name: 'a wrong trailer count', input: completionsCsv(rows, { recordCount: 5 }), fileName: 'COMPLETIONS_FEN_20261119.csv', reason: /record count: the trailer says 5, the file has 3/ },
    { name: "another force's row", input: completionsCsv([{ ...rows[0], force_code: 'VALE' }]), fileName: 'COMPLETIONS_FEN_20261119.csv', reason: /line 2: .*force VALE in force FEN's export/ },
    { name: 'a mandated pass without expiry', input: completionsCsv([{ ...rows[0], expiry_date: '' }]), fileName: 'COMPLETIONS_FEN_20261119.csv', reason: /line 2: .*needs an expiry date/ },
    { name: "another force's file", input: completionsCsv(rows), fileName: 'COMPLETIONS_MOOR_20261119.csv', reason: /force MOOR's completions export/ },
  ],
});
