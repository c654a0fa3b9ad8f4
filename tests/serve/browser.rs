//! The browser test (headless Chromium through chromedriver).
