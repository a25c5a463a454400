"""The ledger sealer: the Merkle tree over the log and its signed checkpoints."""
