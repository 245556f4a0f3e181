import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('clawbar', {});
