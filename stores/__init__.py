"""What is authoritative and never rebuilt: engines, staff, contacts, evidence, keys, readings."""
