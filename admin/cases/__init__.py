"""Casework: queues, the case page, the actions and their forms, evidence for officials."""
