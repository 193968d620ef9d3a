import 'reflect-metadata';
import { startHubProcess } from './bootstrap';

// The roles HUB_ROLES names (all four when unset), in one process.
startHubProcess();
