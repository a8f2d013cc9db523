"""CounterDesk (车驾管业务窗口服务台): the service-hall application of a vehicle administration office."""

__version__ = "0.1.0"
