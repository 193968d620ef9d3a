export * from './api.app';
export * from './problem/problem.exception';
export { answerError, ProblemFilter, sendProblem, toProblem } from './problem/problem.filter';
export { HubExpressAdapter } from './http/hub-express.adapter';
export * from './problem/problem-types';
export { API_REALM, bearerChallenge } from './problem/challenge';
export { ProblemTypesController } from './problem/problem-types.controller';
export { completeDocument, EveryRoute, json, opaqueBearer, problemContent, PROBLEM_REF, SHARED_SCHEMAS } from './openapi';
