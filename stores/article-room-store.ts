import { create } from "zustand";
import { articleRoomState, type ArticleRoomState } from "./article-room-state";

export { articleRoomState, otherReaders, type ArticleRoomState, type RoomMode } from "./article-room-state";

export const useArticleRoomStore = create<ArticleRoomState>()(articleRoomState);
