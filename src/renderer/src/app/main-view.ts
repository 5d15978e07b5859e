/** What the main pane shows: a conversation (or its empty states), the network map, the network check, or settings. */
export type MainView = 'conversation' | 'network' | 'doctor' | 'settings';
