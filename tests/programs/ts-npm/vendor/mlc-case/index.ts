export { title } from "./src/title";
