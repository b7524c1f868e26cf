// next-auth's browser client (signIn, signOut), fetched only by those who sign in or out:
// on every reader's page it would be a few kB that almost nobody uses.
export const loadAuthClient = () => import("next-auth/react");
