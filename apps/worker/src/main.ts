import 'reflect-metadata';
import { startHubProcess } from '@apps/hub';

// The worker role alone, booted as every hub process is (apps/hub/src/bootstrap.ts): the same as
// HUB_ROLES=worker node dist/apps/hub/src/main.js, OPS_PORT included.
startHubProcess(['worker']);
