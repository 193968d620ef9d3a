import { sourceConnectors, targetConnectors } from '@connectors/registry';
import { ConnectorCatalog, HubContext, HubContextOverrides, loadHubContext } from '@hub/runtime';

/** Every connector this build can run (connectors/registry.ts), as the libraries take them. */
export function connectorCatalog(): ConnectorCatalog {
  return { targets: targetConnectors(), sources: sourceConnectors() };
}

/**
 * The composition root: the one place that puts connectors and libraries together. The libraries
 * know connectors only through the SDK's interfaces; this hands them the registry's. Every process
 * (apps/hub's main, the test landscapes, the demo) builds its HubContext here.
 */
export function hubContext(o: HubContextOverrides = {}): HubContext {
  return loadHubContext(connectorCatalog(), o);
}
