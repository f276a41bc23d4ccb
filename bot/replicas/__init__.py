"""What several replicas share: the conversation lock, the run-once lock of background jobs.

* :mod:`bot.replicas.tickets` — a first-come, first-served ticket lock per conversation in Redis whose
  every step (issue, acquire, release) is one Lua script, so two replicas can never both hold it
  (Rasa's own ``RedisLockStore`` reads, changes and writes the lock in three round trips: RasaHQ/rasa#11256).
* :mod:`bot.replicas.lock_store` — that lock as a Rasa lock store (Rasa environment), named in endpoints.yml.
* :mod:`bot.replicas.run_once` — a background job's round runs in one process across replicas
  (a PostgreSQL advisory lock; on SQLite, one machine, no lock is needed).
"""
