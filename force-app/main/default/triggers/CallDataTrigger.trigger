trigger CallDataTrigger on CallData__c(before update, after insert, after update) {
  new CallDataTriggerHandler().run();
}
