"""Counter rating keypad: pure press/prompt rules, serial link, and the agent component."""
