import { EXIT_CODES_HELP } from './exit-codes.ts';

/** Full --help text of bambu-camera. */
export const CAMERA_USAGE = `Usage: bambu-camera --host HOST --access-code CODE [--serial SERIAL] --snapshot FILE
       bambu-camera --host HOST --access-code CODE [--serial SERIAL] --frames N --out DIR
       bambu-camera --host HOST --access-code CODE --model X1C --url
       bambu-camera TOKEN --ip IP [--device-id SERIAL] --url      (access code from the cloud)

Save a camera picture of one Bambu Lab printer on your network, save a series of
frames, or print the RTSP address for VLC/ffmpeg. A1, A1 mini, P1P, P1S use the JPEG
stream on port 6000; X1, X1E, H2, P2S, X2D use RTSPS on port 322 and need ffmpeg.

Printer:
  --host HOST           printer IP address or host name (--ip is the same)
  --access-code CODE    LAN access code from the printer's screen
                        (better: set BAMBU_ACCESS_CODE so it is not visible in the process list)
  --serial SERIAL       printer serial (--device-id is the same): checked against the
                        printer's certificate, and tells the model from its first 3 characters
  --model MODEL         model when there is no serial (P1S, A1 mini, X1C, H2D, ...)
  --port PORT           camera port (default 6000 JPEG, 322 RTSPS; for virtual printers)
  TOKEN                 a Bambu cloud token: looks up the access code, model and serial of
                        the printer (--device-id chooses one when the account has several)

What to do (one of):
  --snapshot FILE       write one JPEG
  --frames N --out DIR  write N frames: DIR/frame-00001.jpg... (JPEG cameras) or
                        DIR/stream.mp4 with N fragments, H.264 as sent (RTSP cameras)
  --url                 print rtsps://bblp:CODE@HOST:322/streaming/live/1 (it contains the code)

Options:
  --ca FILE             trust the CA certificate(s) in this PEM file instead of Bambu's
  --insecure            do not verify the printer's certificate at all
  --ffmpeg PATH         ffmpeg to use for RTSP cameras (default: ffmpeg on PATH)
  --timeout SEC         give up when no frame arrives for SEC seconds (default 20)
  --api-url URL         another Bambu cloud REST base for TOKEN (e.g. the virtual cloud)
  -h, --help            this text

${EXIT_CODES_HELP}

Examples:
  BAMBU_ACCESS_CODE=12345678 bambu-camera --host 192.168.1.50 --serial 01P00A3B1300123 --snapshot p1s.jpg
  bambu-camera --host 192.168.1.51 --serial 00M00A2B0800456 --access-code 12345678 --frames 10 --out clip
  vlc "$(bambu-camera --host 192.168.1.51 --model X1C --access-code 12345678 --url)"`;
