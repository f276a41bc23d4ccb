"""The rasa-sdk action server package: one module per conversation capability.

rasa-sdk imports every module here and registers their actions.
"""
