import { getServerByName } from "partyserver";

/** The one lobby, where site presence comes together. Clients never reach it. */
export const LOBBY_ROOM = "main";

export const lobbyOf = (env: Env) => getServerByName(env.Lobby, LOBBY_ROOM);
