"""The app past one server: a class on a Ray cluster, its pages on several Streamlit replicas behind
nginx. `launch.py` starts it all on this machine in one command (`python -m explorer cluster`);
`nginx.py` writes the load balancer's configuration, for that command and for an administrator's
own nginx on several machines (README, "Past one server"). The jobs' side of it is
explorer/jobs/cluster/.
"""
