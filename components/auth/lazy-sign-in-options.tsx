"use client";
import { lazy } from "react";

// The sign-in form and next-auth's client are fetched when a reader reaches for them (points
// at or focuses "Sign in"), not with every page: most readers never sign in.
const load = () => import("./sign-in-options");

export const preloadSignInOptions = () => void load();

export const LazySignInOptions = lazy(() => load().then((module) => ({ default: module.SignInOptions })));
