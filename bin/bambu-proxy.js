#!/usr/bin/env node
import '../dist/cli/bambu-proxy.js';
