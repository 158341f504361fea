// A controllable `Visualforce.remoting.Manager`: answers each remote action by method name
// (the part after the last dot), with `event.status` false and the message when a handler throws.
export function createRemotingMock(handlers = {}) {
  const answers = { ...handlers };

  const Manager = {
    invokeAction: jest.fn((action, ...rest) => {
      rest.pop(); // the { escape, buffer } options
      const callback = rest.pop();
      const method = action.split('.').pop();
      Promise.resolve()
        .then(() => {
          const answer = answers[method];
          if (answer === undefined) throw new Error(`No answer for ${method}`);
          return typeof answer === 'function' ? answer(...rest) : answer;
        })
        .then(
          (result) => callback(result, { status: true, type: 'rpc', method, action }),
          (error) => callback(null, { status: false, type: 'exception', message: error.message, action })
        );
    })
  };

  return {
    Manager,
    actions: {
      getOpenCalls: 'SoftphoneController.getOpenCalls',
      getHistory: 'SoftphoneController.getHistory',
      saveWrapUp: 'SoftphoneController.saveWrapUp',
      linkCaller: 'SoftphoneController.linkCaller',
      createCaller: 'SoftphoneController.createCaller',
      getRecordingLink: 'SoftphoneController.getRecordingLink',
      dial: 'SoftphoneController.dial',
      getWrapUpCodes: 'SoftphoneController.getWrapUpCodes',
      controlCall: 'SoftphoneController.controlCall',
      getAgentStatus: 'SoftphoneController.getAgentStatus',
      setAgentStatus: 'SoftphoneController.setAgentStatus',
      getColleagues: 'SoftphoneController.getColleagues',
      getRingChannel: 'SoftphoneController.getRingChannel'
    },
    /** Sets what `method` answers: a value, or a function of the call's arguments (may throw). */
    respond(method, answer) {
      answers[method] = answer;
    },
    /** Makes `method` fail with this message. */
    fail(method, message) {
      answers[method] = () => {
        throw new Error(message);
      };
    },
    /** The arguments of every call to `method`. */
    argsOf(method) {
      return Manager.invokeAction.mock.calls
        .filter(([action]) => action.endsWith(`.${method}`))
        .map(([, ...rest]) => rest.slice(0, -2));
    }
  };
}
