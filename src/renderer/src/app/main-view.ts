/** What the main pane shows: a conversation (or its empty states), the network map, or the network check. */
export type MainView = 'conversation' | 'network' | 'doctor';
