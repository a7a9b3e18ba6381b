import { create } from 'zustand';

/** Height a camera tile adds to a grid card, px (tile + gap; see camera.css). */
export const CARD_CAMERA_HEIGHT = 140;

const GRID_KEY = 'farmdeck.camera.inGrid';

/** Camera choices of the user: the camera wall, and whether grid cards show a camera tile. */
export interface CameraUiState {
  wallOpen: boolean;
  /** Cards show a camera tile (saved in this browser). */
  inGrid: boolean;
}

function savedInGrid(): boolean {
  try {
    return window.localStorage.getItem(GRID_KEY) !== 'off';
  } catch {
    return true;
  }
}

export const useCameraUi = create<CameraUiState>()(() => ({
  wallOpen: false,
  inGrid: savedInGrid(),
}));

export const openCameraWall = (wallOpen: boolean) => useCameraUi.setState({ wallOpen });

export function setCamerasInGrid(inGrid: boolean): void {
  useCameraUi.setState({ inGrid });
  try {
    window.localStorage.setItem(GRID_KEY, inGrid ? 'on' : 'off');
  } catch {
    // Storage may be unavailable (private mode): the choice lasts for this session.
  }
}
