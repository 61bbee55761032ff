"""What a resident's visit does, step by step, without Kivy: state machines whose handlers return effects
(print, announce, poll, go home) that the screens apply. Main thread only, except the ``submit``/``fetch``
functions, which block on the hub and run in the worker."""
