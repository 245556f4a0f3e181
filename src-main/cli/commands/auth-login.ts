import { notBuilt } from '../errors.js';

export async function authLogin(): Promise<void> {
  notBuilt('auth login');
}
