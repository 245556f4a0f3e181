import { notBuilt } from '../errors.js';

export async function modelsList(): Promise<void> {
  notBuilt('models list');
}
