import { notBuilt } from '../errors.js';

export async function dashboard(): Promise<void> {
  notBuilt('dashboard');
}
