import { notBuilt } from '../errors.js';

export async function modelsStatus(): Promise<void> {
  notBuilt('models status');
}
