import { MessageChannelMain } from 'electron';
import type { ChannelFactory } from './app/platform.ts';

/** Electron's `MessageChannelMain`: one per camera tile (see app/camera-bridge.ts). */
export const createElectronChannel: ChannelFactory = () => new MessageChannelMain();
