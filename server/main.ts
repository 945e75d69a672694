import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { refreshHostFacts } from '../engine/node/hostFacts';
import type { HostFacts } from '../engine/language/types';

// Entry point of the bundled server; the transport (IPC, stdio) comes from the command line.
const connection = createConnection(ProposedFeatures.all);
const host: HostFacts = {};
const { boundary } = startServer(connection, { host, refreshHost: refreshHostFacts });
setInterval(boundary.callback('refresh host facts', () => refreshHostFacts(host)), 10_000).unref();
connection.listen();
