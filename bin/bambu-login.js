#!/usr/bin/env node
import '../dist/cli/bambu-login.js';
