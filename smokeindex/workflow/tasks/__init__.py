"""任务 tasks: the five-level flow (五级联动) as a state machine written down as data, deadlines and escalation."""
