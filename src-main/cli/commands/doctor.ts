import { notBuilt } from '../errors.js';

export async function doctor(): Promise<void> {
  notBuilt('doctor');
}
