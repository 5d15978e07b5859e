/** The protocol version every frame carries; its own module so frame schemas in other folders can import it. */
export const PROTOCOL_VERSION = 1;
