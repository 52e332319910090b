// `npm start`: the bot (src/main.ts), compiled from dist/ when it is current (see launch.mjs).
import { launch } from "./launch.mjs";
await launch("main");
