import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'yellow',
  primaryShade: { light: 7, dark: 5 },
  autoContrast: true,
  // Black or white text on a filled colour, whichever contrasts more: 0.179 is where the two are
  // equal. Mantine's 0.3 put white on red.5 (2.77:1) in the cancel dialog; black there is 7.6:1.
  luminanceThreshold: 0.179,
  // People who ask their system for less motion get no modal or drawer animations.
  respectReducedMotion: true,
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '800' },
  // By name, not with Modal.extend(): importing the components here would put the dialog code into
  // every first visit. Every dialog's × gets a name (axe: button-name), and a dialog's header is a
  // plain box: a <header> there would be a second banner landmark beside the page's own.
  components: {
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    ModalHeader: { defaultProps: { component: 'div' } },
    DrawerHeader: { defaultProps: { component: 'div' } },
  },
  colors: {
    // A slightly blue-black: the dark of a cinema before the film starts. dark[2] is the secondary
    // text colour: #a0a3b5 keeps it at 4.5:1 or more on every panel and alert it sits on.
    dark: ['#d5d7e0', '#acaebf', '#a0a3b5', '#666980', '#4d4f66', '#34354a', '#2b2c3d', '#1d1e2b', '#14151c', '#0b0c12'],
  },
});
