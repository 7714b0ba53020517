export { PolicyDocument } from "./PolicyDocument";
