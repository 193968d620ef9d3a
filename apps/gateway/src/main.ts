import 'reflect-metadata';
import { startHubProcess } from '@apps/hub';

// The gateway role alone, booted as every hub process is (apps/hub/src/bootstrap.ts): the same as
// HUB_ROLES=gateway node dist/apps/hub/src/main.js, OPS_PORT included.
startHubProcess(['gateway']);
