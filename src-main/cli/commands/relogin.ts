import { notBuilt } from '../errors.js';

export async function relogin(): Promise<void> {
  notBuilt('relogin');
}
