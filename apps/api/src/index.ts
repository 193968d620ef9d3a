export * from './api.app';
export * from './problem/problem.exception';
export { answerError, ProblemFilter, sendProblem, toProblem } from './problem/problem.filter';
export { HubExpressAdapter } from './http/hub-express.adapter';
