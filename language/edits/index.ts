export { planOp, planEdits, applyEdits, type TextEdit, type EditPlan, type DocumentState } from "./planner";
